"""The 消费名品 example turned into a 区域品牌, for the tests of both kinds of application."""

from yn_forms.forms.consumer_brand.example import region_example

__all__ = ["region_example"]
