"""Builds the compiled core (``bitext.align._core``, Cython); everything else is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(ext_modules=cythonize([Extension("bitext.align._core", ["src/bitext/align/_core.pyx"])],
                            compiler_directives={"language_level": "3"}))
