"""The activation families, one module each. Importing this package registers them all."""

import importlib
import pkgutil

# Every public module here is a family; importing it runs its register() calls. Discovering
# them keeps this file out of the way when a family module is added or split.
for _info in pkgutil.iter_modules(__path__):
    if not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")
