"""Validate a BagIt bag with the Library of Congress bagit-python (bagit.py beside this file).

bagit.py is bagit-python 1.9.0 as released (CC0, https://github.com/LibraryOfCongress/bagit-python,
tag v1.9.0), unchanged. It asks the installed package metadata for its version, which a copied file
has none of: that one lookup is answered here. Debian 12 has no python3-bagit package, and CI
reaches no Python package index, so the tests carry it.

Usage: python3 validate.py [bagit.py options] BAG   (as `bagit.py --validate BAG`)
"""
import importlib.metadata
import os
import sys

_version = importlib.metadata.version


def version(name):
    try:
        return _version(name)
    except importlib.metadata.PackageNotFoundError:
        if name == "bagit":
            return "1.9.0"
        raise


importlib.metadata.version = version
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bagit  # noqa: E402

if __name__ == "__main__":
    sys.argv[0] = "bagit.py"
    bagit.main()
