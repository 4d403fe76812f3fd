"""The price of some units of an item; an item without a price is -1 (a guard clause before the lookup)."""


def price_of(prices: dict[str, int], item: str, units: int) -> int:
    assert isinstance(prices, dict) and isinstance(item, str) and isinstance(units, int)
    if item not in prices:
        return -1
    total = prices[item] * units
    if item in prices and units > 10:
        total -= prices[item] // units
    return total
