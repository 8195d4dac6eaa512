"""Archive's domain: the hash chain and the folds that turn events into records. No I/O here."""
