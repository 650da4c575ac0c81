#!/usr/bin/env python
from uplift.cli import main

if __name__ == "__main__":
    main()
