package org.odjc.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;

/**
 * The local admin endpoint over HTTP/1.1 (Netty): {@code GET /healthz}, {@code GET /readyz},
 * {@code GET /metrics} and the status page at {@code GET /}; any other path is 404, any other
 * method 405. It has no authentication, which is why it binds to 127.0.0.1 unless configured
 * otherwise. Requests are answered on one worker thread apart from the I/O thread, since the
 * view may read the journal. Closing stops accepting, and waits briefly for answers in progress.
 */
public final class AdminServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Requests are GETs: a body or headers beyond this are refused. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ExecutorService worker;
    private final Channel channel;

    private AdminServer(EventLoopGroup boss, EventLoopGroup io, ExecutorService worker, Channel channel) {
        this.boss = boss;
        this.io = io;
        this.worker = worker;
        this.channel = channel;
    }

    /**
     * Listens on {@code address} (port 0: any free one).
     *
     * @param log one structured line per event (the bound address, a view's failure); never a secret
     * @throws ConnectorException ADMIN-001 when the address cannot be bound
     */
    public static AdminServer start(InetSocketAddress address, AdminView view, Consumer<String> log)
            throws ConnectorException {
        EventLoopGroup boss = new NioEventLoopGroup(1, daemon("odjc-admin-accept"));
        EventLoopGroup io = new NioEventLoopGroup(1, daemon("odjc-admin-io"));
        ExecutorService worker = Executors.newSingleThreadExecutor(daemon("odjc-admin"));
        try {
            Channel ch = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new ReadTimeoutHandler(30, TimeUnit.SECONDS))
                                    .addLast(new HttpServerCodec(4096, 8192, 8192))
                                    .addLast(new HttpServerKeepAliveHandler())
                                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast(new Handler(view, log, worker));
                        }
                    }).bind(address).sync().channel();
            AdminServer server = new AdminServer(boss, io, worker, ch);
            log.accept("event=admin-listening address=" + server.address().getHostString() + ":" + server.port()
                    + (server.address().getAddress().isLoopbackAddress() ? "" : " warning=\"reachable from other hosts, "
                            + "without authentication\""));
            return server;
        } catch (Exception e) { // Netty rethrows the bind's checked exception undeclared
            shutdown(boss, io, worker);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ConnectorException(FailureCode.ADMIN_UNAVAILABLE, "cannot listen on " + address.getHostString()
                    + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutdown(boss, io, worker);
    }

    /** I/O first, so connections are torn down while the worker their handler runs on still exists. */
    private static void shutdown(EventLoopGroup boss, EventLoopGroup io, ExecutorService worker) {
        worker.shutdown(); // an answer being built finishes; its write fails quietly if I/O is gone
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        try {
            worker.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final AdminView view;
        private final Consumer<String> log;
        private final ExecutorService worker;

        Handler(AdminView view, Consumer<String> log, ExecutorService worker) {
            this.view = view;
            this.log = log;
            this.worker = worker;
        }

        /** Answers off the I/O thread: the view may read the journal. */
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            req.retain();
            try {
                worker.execute(() -> {
                    try {
                        respond(ctx, req);
                    } finally {
                        req.release();
                    }
                });
            } catch (RejectedExecutionException closing) {
                req.release();
                ctx.close();
            }
        }

        private void respond(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse res;
            if (req.decoderResult().isFailure()) {
                res = text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
            } else {
                res = answer(req);
            }
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                    .set("X-Content-Type-Options", "nosniff")
                    // the page has no script and loads nothing: a value that escaped escaping could not run
                    .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'")
                    .set("X-Frame-Options", "DENY");
            HttpUtil.setContentLength(res, res.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(req) && !req.decoderResult().isFailure();
            HttpUtil.setKeepAlive(res, keepAlive);
            var written = ctx.writeAndFlush(res);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private FullHttpResponse answer(FullHttpRequest req) {
            String path = new QueryStringDecoder(req.uri()).path();
            if (!req.method().equals(HttpMethod.GET)) {
                FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET is allowed\n");
                r.headers().set(HttpHeaderNames.ALLOW, "GET");
                return r;
            }
            try {
                return switch (path) {
                    case "/healthz" -> text(HttpResponseStatus.OK, "ok\n");
                    case "/readyz" -> readyz(view.readiness());
                    case "/metrics" -> body(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                            view.metrics());
                    case "/" -> body(HttpResponseStatus.OK, "text/html; charset=utf-8", StatusPage.render(view.status()));
                    default -> text(HttpResponseStatus.NOT_FOUND, "not found\n");
                };
            } catch (RuntimeException e) { // a bug in the view answers 500 and is logged; the endpoint stays up
                log.accept("event=admin-error code=" + FailureCode.CLI_INTERNAL.id() + " path=" + path + " detail=\""
                        + String.valueOf(e).replace('"', '\'') + "\"");
                return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, FailureCode.CLI_INTERNAL.id() + " internal error\n");
            }
        }

        private static FullHttpResponse readyz(Readiness r) {
            ObjectNode body = JSON.createObjectNode();
            body.put("ready", r.ready());
            ArrayNode failing = body.putArray("failing");
            r.failingCodes().forEach(failing::add);
            ArrayNode checks = body.putArray("checks");
            for (Readiness.Check c : r.checks()) {
                ObjectNode n = checks.addObject();
                n.put("name", c.name());
                n.put("ok", c.ok());
                c.code().ifPresent(code -> n.put("code", code));
                n.put("detail", c.detail());
            }
            return body(r.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "application/json", body.toString() + "\n");
        }

        private static FullHttpResponse text(HttpResponseStatus status, String s) {
            return body(status, "text/plain; charset=utf-8", s);
        }

        private static FullHttpResponse body(HttpResponseStatus status, String type, String s) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8)));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            return r;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset or timed-out client: nothing to answer
        }
    }
}
