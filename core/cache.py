"""A Redis cache that degrades to "no cache" while Redis is unreachable, instead of failing the request.

Only rate limiting uses the cache; while Redis is down, requests are served without counting them.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class ResilientRedisCache(RedisCache):
    def _guard(self, operation: str, fallback, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except UNAVAILABLE:
            log.warning("cache unavailable during %s; continuing without it", operation)
            return fallback

    def get(self, key, default=None, version=None):
        return self._guard("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, super().get_many, keys, version)

    def set(self, key, value, timeout=None, version=None):
        self._guard("set", None, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._guard("add", False, super().add, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._guard("set_many", list(data), super().set_many, data, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        self._guard("delete_many", None, super().delete_many, keys, version)

    def touch(self, key, timeout=None, version=None):
        return self._guard("touch", False, super().touch, key, timeout, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, super().has_key, key, version)
