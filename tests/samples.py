"""Catalogue texts shared by the catalogue and command-line tests."""

# An organisation's own approach with one method, as a catalogue file.
OWN_APPROACH = """\
approach:
  id: huddling
  number: 12
  name: Huddling together
  summary: Teams meet briefly every day to share what is spreading.
  source: https://example.org/huddling
  method_count: 1
methods:
  - id: spread-huddles
    name: Spread huddles
    summary: A ten-minute daily meeting about spread.
    aliases: [daily huddle]
"""
