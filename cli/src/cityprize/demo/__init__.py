"""`make demo`: a whole contest played through the platform's public interfaces."""
