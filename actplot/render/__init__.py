"""Drawing: matplotlib figures (figure), their look (style), files (output), and the terminal
plot and interactive window. Import the submodule you need; this package imports nothing."""
