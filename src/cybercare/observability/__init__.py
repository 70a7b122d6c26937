"""Seeing the platform run: structured logs with a request id, Prometheus metrics, OpenTelemetry
traces (docs/operations.md).

`install.install(app, container)` puts them on the web application; `logs.configure_logging`
sets up a process's log lines. This package's `__init__` imports nothing: the services import
`counters` alone, without the web or database machinery of the other modules.
"""
