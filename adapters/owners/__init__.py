"""The catalogue owners' loop: what was not answered, what helped, reports, workbooks, reloads."""
