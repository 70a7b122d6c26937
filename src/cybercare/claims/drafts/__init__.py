"""Report drafts: the evidence files of a report form kept while the member corrects it."""
