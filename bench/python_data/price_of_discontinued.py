"""The price of an item after dropping a discontinued one, which may be the item itself."""


def price_of_discontinued(prices: dict[str, int], item: str, dropped: str) -> int:
    assert isinstance(prices, dict) and isinstance(item, str) and isinstance(dropped, str)
    if item not in prices:
        return -1
    if dropped in prices:
        del prices[dropped]
    return prices[item]
