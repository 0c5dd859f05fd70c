"""Files: the one atomic writer every command and the API write through, and the cache of
the table's rows. Import the submodule you need; this package imports nothing."""
