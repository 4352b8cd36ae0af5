"""cepi: Chinese environmental inspection documents into research datasets.

Compiled modules (Cython, `make compile`) are used only while they match their source: native.py.
"""
from .native import install as _install_native_finder

_install_native_finder()
