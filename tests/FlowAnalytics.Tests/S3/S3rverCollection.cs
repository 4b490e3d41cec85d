namespace FlowAnalytics.Tests.S3;

/// <summary>The S3 test classes: they share one <see cref="S3rverFixture"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
