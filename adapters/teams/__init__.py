"""The Microsoft Teams adapter: Bot Framework activities in, Adaptive Cards out.

Built on the Microsoft 365 Agents SDK (microsoft-agents-hosting-core, -hosting-aiohttp, -activity,
-authentication-msal). Every SDK import in the project lives in this package, so a change of SDK
touches this package alone. Imports: microsoft_agents, aiohttp, adapters, bot.
"""
