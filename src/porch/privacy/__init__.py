"""Personal data: export or erase everything Porch keeps about one commenter."""
