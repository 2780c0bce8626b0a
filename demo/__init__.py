"""The demo region, its data and its commands: above every app whose records it loads."""
