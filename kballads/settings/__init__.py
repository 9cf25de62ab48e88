"""Settings live in one module per environment.

``base`` holds what every environment shares; ``local`` is the default for
``manage.py`` and needs no environment variables; ``production`` is the default
for WSGI/ASGI servers and refuses to start without its secrets; ``test`` is used
by the test suite.
"""
