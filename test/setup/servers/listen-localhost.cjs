// Preload (node --require): makes every server that calls listen(port) / listen({ port }) without a host
// bind to 127.0.0.1 only. The PDS and the PLC directory call app.listen(port) with no host, which would
// otherwise open them on all interfaces.
// (getBuiltinModule instead of require: this file is linted with the project's ESM rules.)
const net = process.getBuiltinModule("node:net");

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listen(...args) {
  const first = args[0];
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    if (args.length === 1 || typeof args[1] === "function") args.splice(1, 0, "127.0.0.1");
  } else if (
    first &&
    typeof first === "object" &&
    !(first instanceof net.Server) &&
    first.host == null &&
    first.path == null &&
    first.fd == null &&
    first._handle == null
  ) {
    args[0] = { ...first, host: "127.0.0.1" };
  } else if (args.length === 0 || typeof first === "function") {
    args.unshift(0, "127.0.0.1");
  }
  return originalListen.apply(this, args);
};
