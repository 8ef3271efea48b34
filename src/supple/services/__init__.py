"""Services: one module per use, between the faces (CLI, players, web) and the domain.

A service takes plain values and a store, returns typed values and raises the errors in
errors.py; each face translates those in one place. No face decides what a service decides.
"""
