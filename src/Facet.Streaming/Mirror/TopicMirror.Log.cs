using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Mirror;

/// <summary>One log line per state change. Only bootstrap servers, topics and the group are logged, never credentials.</summary>
public sealed partial class TopicMirror
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "mirror starting: {SourceTopic} on {SourceServers} -> {DestinationTopic} on {DestinationServers}, group {Group}")]
    private partial void LogStarting(string sourceTopic, string? sourceServers, string destinationTopic, string? destinationServers, string group);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "partition mapping: source has {SourcePartitions} partitions, destination {DestinationPartitions}: {Partitioning}")]
    private partial void LogPartitioning(int sourcePartitions, int destinationPartitions, MirrorPartitioning partitioning);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "partitions assigned: {Partitions}")]
    private partial void LogAssigned(string partitions);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "partitions revoked: {Partitions}; finishing and committing the in-flight batch")]
    private partial void LogRevoked(string partitions);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "partitions lost: {Partitions}; their uncommitted messages will be copied again by the next owner")]
    private partial void LogLost(string partitions);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Failed} of {Count} deliveries failed ({Code}: {Reason}); partitions {Partitions} rewound to the first failure, nothing committed past it; retrying in {Delay}")]
    private partial void LogDeliveryFailed(int failed, int count, ErrorCode code, string reason, string partitions, TimeSpan delay);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "deliveries succeed again")]
    private partial void LogDeliveryRecovered();

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "offset commit deferred ({Code}: {Reason}); retrying after the group settles")]
    private partial void LogCommitDeferred(ErrorCode code, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "offset commits succeed again")]
    private partial void LogCommitResumed();

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "could not commit offsets of partitions {Partitions} before giving them up: {Messages} delivered messages will be copied again")]
    private partial void LogRevokedUncommitted(string partitions, long messages);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "mirror stopping ({Reason}): finishing the batch, committing, leaving the group")]
    private partial void LogStopping(string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "mirror stopped: {Messages} messages copied in {Batches} committed batches")]
    private partial void LogStopped(long messages, long batches);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "consume error ({Code}: {Reason}); continuing")]
    private partial void LogConsumeError(ErrorCode code, string reason);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "{Side} cluster: {Code}: {Reason}")]
    private partial void LogClientError(string side, ErrorCode code, string reason);
}
