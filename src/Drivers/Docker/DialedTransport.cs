using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Client;

namespace LabSpecs.Drivers.Docker;

/// <summary>
/// A Docker.DotNet transport over any byte stream the host hands out (<see cref="LabSpecs.Environments.ILabHost.DialDockerAsync"/>):
/// HTTP/1.1 by Docker.DotNet's ManagedHandler, one stream per connection, hijacked streams (exec, attach) included.
/// </summary>
public sealed record DialedTransport(Func<CancellationToken, Task<Stream>> Dial)
{
    public static readonly IDockerHandlerFactory<DialedTransport> Factory = new HandlerFactory();

    private sealed class HandlerFactory : IDockerHandlerFactory<DialedTransport>, IStreamHijacker
    {
        public ResolvedTransport CreateHandler(DialedTransport options, ResolvedClientOptions clientOptions, ILogger logger) =>
            new(new ManagedHandler((_, _, ct) => options.Dial(ct), logger), clientOptions.Endpoint);

        public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) =>
            throw new InvalidOperationException("a dialed transport needs its dialer: use WithTransportOptions(Factory, new DialedTransport(dial))");

        public Task<WriteClosableStream> HijackStreamAsync(HttpContent content) =>
            content is HttpConnectionResponseContent connection
                ? Task.FromResult(connection.HijackStream())
                : throw new NotSupportedException($"cannot hijack a stream from {content.GetType().Name}");
    }
}
