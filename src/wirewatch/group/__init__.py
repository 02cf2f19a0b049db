"""Stage 3, group: syndicated copies of one wire story share a group (MinHash LSH)."""
