"""Package data of dmp-desktop: fonts, icons, training cards, translations (.ts sources, built .qm).

Installed as `dmp_desktop.resources` (pyproject.toml maps this folder there); code finds these files through
`dmp_desktop.resource_files`, never by a path of its own."""
