"""The demo data (`manage.py seed_demo`): the top of the project, above every app it seeds.

It imports accounts, award, review and supervision downward; no app imports it.
"""
