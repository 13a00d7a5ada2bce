# Reads the notebook named on the command line with Debian's
# python3-nbformat, validates it and writes it back to stdout exactly as
# Jupyter saves notebooks. The tests compare Marshal's bytes with this.
import sys

import nbformat

nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
sys.stdout.write(nbformat.writes(nb) + "\n")
