"""Use cases shared by the GUI and the command line. Each public function is one transaction."""
