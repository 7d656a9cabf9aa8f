package org.caravan.tools.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;

/** The shell completion scripts, and where {@code caravan setup-shell} puts them and the manual pages. */
public final class ShellScripts {
    public enum Shell { bash, zsh, fish }

    private ShellScripts() {}

    public static String completion(CommandLine root, Shell shell) {
        String name = root.getCommandName();
        return switch (shell) {
            case bash -> AutoComplete.bash(name, root);
            // picocli's bash script runs in zsh through zsh's own bash-completion emulation.
            case zsh -> "# zsh completion for " + name + ": add 'source <(" + name + " completion zsh)' to ~/.zshrc\n"
                    + "autoload -U +X compinit && compinit\n"
                    + "autoload -U +X bashcompinit && bashcompinit\n"
                    + AutoComplete.bash(name, root);
            case fish -> FishCompletion.script(root);
        };
    }

    /** Writes the scripts and pages under {@code prefix}/share; returns one line per thing done, for the user. */
    public static List<String> install(CommandLine root, Path prefix) throws IOException {
        String name = root.getCommandName();
        Path share = prefix.resolve("share");
        List<String> done = new ArrayList<>();
        Path bash = share.resolve("bash-completion/completions/" + name);
        write(bash, completion(root, Shell.bash));
        done.add("bash completion: " + bash + " (bash-completion loads it in new shells)");
        Path fish = share.resolve("fish/vendor_completions.d/" + name + ".fish");
        write(fish, completion(root, Shell.fish));
        done.add("fish completion: " + fish);
        Path zsh = share.resolve(name + "/" + name + ".zsh");
        write(zsh, completion(root, Shell.zsh));
        done.add("zsh completion: " + zsh + " (add to ~/.zshrc: source " + zsh + ")");
        Path man = share.resolve("man/man1");
        Map<String, String> pages = ManPages.all(root);
        writeAll(man, pages);
        done.add("manual pages: " + pages.size() + " in " + man + " (man " + name + ", man " + name + "-store-certify, ...)");
        return done;
    }

    /** Writes each named file into {@code dir}, each through a temporary file so no reader sees half of one. */
    public static void writeAll(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            write(dir.resolve(f.getKey()), f.getValue());
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
