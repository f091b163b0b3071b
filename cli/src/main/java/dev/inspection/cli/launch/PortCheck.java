package dev.inspection.cli.launch;

import dev.inspection.cli.CliException;
import dev.inspection.cli.ExitCodes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Fails early, with a clear message, when a port the suite needs is taken. */
public final class PortCheck {
    private PortCheck() {
    }

    public static void requireFree(int port, String who) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new CliException(ExitCodes.MISSING, "port " + port + " (" + who + ") is in use; "
                    + "stop what uses it or choose another port (see --help)");
        }
    }
}
