"""Publishing product versions from the catalogue files to this installation's database."""
