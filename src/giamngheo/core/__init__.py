"""The ground floor: problems and messages, text, numbers, files and safe YAML.

Nothing here knows the plan, and nothing here imports from another layer of giamngheo.
"""
