// Shared by the recorders of reference goldens: the reference's output as the fixtures keep it.

const ANSI = /\u001b\[[0-9;]*m/g

/**
 * stdout or stderr of a reference run without its logger lines about the store
 * (`[sessions/store] …`), with the scratch directory `root` written `<root>`.
 */
export const cleanOutput = (text, root) =>
  text
    .split("\n")
    .filter((line) => !line.replace(ANSI, "").startsWith("[sessions/store] "))
    .join("\n")
    .split(root)
    .join("<root>")
