import sys

from .cli import exit_now, is_the_program, main

code = main()
if is_the_program(globals()):
    exit_now(code)
sys.exit(code)
