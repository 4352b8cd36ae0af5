"""`python -m pipeline ...`: the `cepi` command (pipeline.launch)."""
from .launch import main

main()
