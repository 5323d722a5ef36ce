"""Factories for every app's tests (factory_boy). Import from the module of the app that owns the model:

    from tests.factories.accounts import OrganizationFactory, OfficeUserFactory

See each module's docstring for the list.
"""
