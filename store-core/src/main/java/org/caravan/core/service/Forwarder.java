package org.caravan.core.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command line's thin side: hands a {@code caravan client ...} command line to the service of its home and
 * plays back what the service's run of it prints, then exits with its code. It must cost little (a command is a
 * process start), so it reads the channel's few message shapes itself instead of loading Jackson, picocli or
 * anything of the client (docs/benchmarks.md, "Start-up cost").
 */
public final class Forwarder {
    private Forwarder() {}

    /**
     * Runs {@code argv} on the service of {@code home}; empty when no service answers there (the caller then runs
     * the command itself).
     */
    public static OptionalInt forward(Path home, List<String> argv, boolean tty, int width, PrintStream out,
            PrintStream err) {
        Optional<SocketChannel> connected = ServiceSocket.connect(home);
        if (connected.isEmpty()) {
            return OptionalInt.empty();
        }
        try (SocketChannel ch = connected.get()) {
            StringBuilder req = new StringBuilder("{\"v\":").append(Wire.VERSION).append(",\"type\":\"command\",\"argv\":[");
            for (int i = 0; i < argv.size(); i++) {
                req.append(i == 0 ? "" : ",");
                quote(req, argv.get(i));
            }
            req.append("],\"tty\":").append(tty).append(",\"width\":").append(width).append("}\n");
            Writer w = new OutputStreamWriter(ChannelStreams.out(ch), StandardCharsets.UTF_8);
            w.write(req.toString());
            w.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(ChannelStreams.in(ch), StandardCharsets.UTF_8));
            List<String> exec = null;
            String execDir = null;
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> m = Json.object(line);
                switch (String.valueOf(m.get("type"))) {
                    case "out" -> {
                        out.print(m.get("text"));
                        out.flush();
                    }
                    case "err" -> {
                        err.print(m.get("text"));
                        err.flush();
                    }
                    case "exec" -> {
                        exec = new ArrayList<>();
                        for (Object o : (List<?>) m.get("command")) {
                            exec.add(String.valueOf(o));
                        }
                        execDir = String.valueOf(m.get("directory"));
                    }
                    case "exit" -> {
                        int code = ((Number) m.get("code")).intValue();
                        if (exec != null && code == 0) {
                            return OptionalInt.of(launch(exec, execDir, err));
                        }
                        return OptionalInt.of(code);
                    }
                    case "error" -> {
                        err.println("caravan: " + m.get("message"));
                        return OptionalInt.of(1);
                    }
                    default -> { } // a message a newer service added
                }
            }
            err.println("caravan: the Caravan service of " + home + " ended during the command; see its log, then "
                    + "run the command again");
            return OptionalInt.of(1);
        } catch (IOException | RuntimeException e) {
            err.println("caravan: the Caravan service of " + home + " failed to answer: " + e.getMessage());
            return OptionalInt.of(1);
        }
    }

    /** Starts what {@code client run} decided, in this terminal with this environment, and waits for it. */
    private static int launch(List<String> command, String dir, PrintStream err) {
        try {
            Process p = new ProcessBuilder(command).directory(Path.of(dir).toFile()).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            err.println("caravan: cannot start " + command.get(0) + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Just enough JSON to read the channel's messages: objects, arrays, strings, numbers, true, false, null. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String line) {
            Json p = new Json(line);
            Object v = p.value();
            p.space();
            if (!(v instanceof Map) || p.i != line.length()) {
                throw new IllegalArgumentException("not a message of the local channel: " + line);
            }
            return (Map<String, Object>) v;
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    space();
                    String k = string();
                    space();
                    expect(':');
                    m.put(k, value());
                    space();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    space();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return true;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return false;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("unexpected '" + c + "' at " + start);
            }
            return n.matches("-?[0-9]+") ? (Number) Long.parseLong(n) : (Number) Double.parseDouble(n);
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            }
        }
    }
}
