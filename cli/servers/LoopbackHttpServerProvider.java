// Written for actorgraph (cli/servers/corenlp.py): make the JDK's built-in HTTP server listen on
// the loopback interface only.
//
// StanfordCoreNLPServer 4.5.7 has no option for the address it binds: it creates its server with
// HttpServer.create(new InetSocketAddress(port), 0), the wildcard address, i.e. every interface.
// The JDK looks the HttpServer implementation up through the system property
// com.sun.net.httpserver.HttpServerProvider; this provider delegates to the JDK's default one and
// replaces a wildcard address by the loopback address (127.0.0.1), keeping the port.
//
// Compiled once, by the same java that runs the server (its jdk.compiler module), with
//   --add-exports jdk.httpserver/sun.net.httpserver=ALL-UNNAMED
// which the server's command line repeats at run time.
package actorgraph;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

public final class LoopbackHttpServerProvider extends HttpServerProvider {
  private final HttpServerProvider delegate = new sun.net.httpserver.DefaultHttpServerProvider();

  static InetSocketAddress loopback(InetSocketAddress address) {
    if (address == null
        || address.getAddress() == null
        || !address.getAddress().isAnyLocalAddress()) {
      return address;
    }
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), address.getPort());
  }

  @Override
  public HttpServer createHttpServer(InetSocketAddress address, int backlog) throws IOException {
    return delegate.createHttpServer(loopback(address), backlog);
  }

  @Override
  public HttpsServer createHttpsServer(InetSocketAddress address, int backlog) throws IOException {
    return delegate.createHttpsServer(loopback(address), backlog);
  }
}
