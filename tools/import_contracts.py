"""An import-linter contract type of our own: a `forbidden` contract whose importers may be
exempted by the last part of their name.

The persistence rule of docs/architecture.md says that `sqlalchemy` and the tables are imported
only by `db/`, repositories and read models, and read models are named `*_queries`
(`claims/staff_queries.py`, `reporting/dashboard_queries.py`). import-linter's own wildcards match
whole name segments only (`cybercare.*.repository`), not a suffix, so a new read model would need
a new ignore line; this contract takes the naming rule itself:

    [[tool.importlinter.contracts]]
    type = "named_exemptions"
    exempt_names = ["repository", "*_queries"]   # fnmatch patterns on a module's last segment
    ...                                           # every option of a `forbidden` contract

Loaded by `lint-imports` through `contract_types` in pyproject.toml, with `tools/` on the path
(see the Makefile).
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from grimp import ImportGraph
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.domain import fields
from importlinter.domain.contract import ContractCheck
from importlinter.domain.helpers import module_expressions_to_modules


class NamedExemptionsContract(ForbiddenContract):
    exempt_names = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        patterns = list(self.exempt_names)
        forbidden: set[str] = set()
        for module in module_expressions_to_modules(graph, self.forbidden_modules):
            forbidden.add(module.name)
            if not graph.is_module_squashed(module.name):  # an external package is one node
                forbidden.update(graph.find_descendants(module.name))
        for importer in sorted(graph.modules):
            if not any(fnmatchcase(importer.rsplit(".", 1)[-1], p) for p in patterns):
                continue
            for imported in graph.find_modules_directly_imported_by(importer) & forbidden:
                graph.remove_import(importer=importer, imported=imported)
        return super().check(graph, verbose)
