"""The versioned privacy texts (the notice, the consent texts) as blocks a template renders:
they are written as plain text with `#` headings and `-` list items, and rendered escaped (never
as raw HTML), so a text file cannot inject markup into a page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "h1", "h2", "p" or "ul"
    text: str = ""
    items: tuple[str, ...] = ()


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    for chunk in text.strip().split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            out.append(Block("h2", lines[0][3:]))
        elif lines[0].startswith("# "):
            out.append(Block("h1", lines[0][2:]))
        elif all(line.startswith("- ") for line in lines):
            out.append(Block("ul", items=tuple(line[2:] for line in lines)))
        else:
            out.append(Block("p", " ".join(lines)))
    return out
