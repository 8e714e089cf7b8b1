"""Accounts: users, their passwords, and logging in."""
