"""Exit statuses of ``negsim`` (SPEC section 4): 0 success, 2 bad input (located
messages), 1 anything else (a target that cannot be written, an internal error)."""

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2
