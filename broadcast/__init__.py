"""Highlights of assemblies, residents' responses online, the assembly's pulse; the ratios."""
