"""The deterministic demo care market that `make run` loads."""
