namespace EventFramework.Cli.Tests;

[EventType("Deposited")] public sealed record Deposited(string Account, long Amount);
