namespace EventFramework;

/// <summary>One failed validation rule: the property, the message and the rule's code.</summary>
public sealed record ValidationError(string Property, string Message, string Code);
