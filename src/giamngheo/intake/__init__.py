"""What the analyst types or sends: names looked up, figures read, reports built and checked."""
