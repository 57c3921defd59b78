"""``python -m etl.services.opensearch_node``: the command line in ``_cli``."""

import sys

from etl.services.opensearch_node._cli import main

if __name__ == "__main__":
    sys.exit(main())
