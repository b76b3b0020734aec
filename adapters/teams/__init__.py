"""The Microsoft Teams adapter: Bot Framework activities in, Adaptive Cards out.

Every botbuilder import in the project lives in this package, so moving to another SDK (the
Microsoft 365 Agents SDK) touches this package alone. Imports: botbuilder, aiohttp, adapters, bot.
"""
