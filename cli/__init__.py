"""The ``actorgraph`` command line: thin commands over library functions."""
