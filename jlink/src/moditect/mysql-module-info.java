// Added to com.mysql:mysql-connector-j by moditect (the jar has no module name at all).
// Generated with jdeps --generate-module-info, then optional dependencies made static:
// protobuf (X DevAPI only) and slf4j (optional logger) stay out of the image.
module com.mysql.cj {
    requires transitive java.sql;
    requires transitive java.transaction.xa;
    requires java.logging;
    requires java.management;
    requires java.naming;
    requires java.security.sasl;
    requires java.xml;
    requires static org.slf4j;
    requires static com.google.protobuf;

    exports com.mysql.cj;
    exports com.mysql.cj.admin;
    exports com.mysql.cj.callback;
    exports com.mysql.cj.conf;
    exports com.mysql.cj.conf.url;
    exports com.mysql.cj.exceptions;
    exports com.mysql.cj.interceptors;
    exports com.mysql.cj.jdbc;
    exports com.mysql.cj.jdbc.admin;
    exports com.mysql.cj.jdbc.exceptions;
    exports com.mysql.cj.jdbc.ha;
    exports com.mysql.cj.jdbc.integration.c3p0;
    exports com.mysql.cj.jdbc.interceptors;
    exports com.mysql.cj.jdbc.jmx;
    exports com.mysql.cj.jdbc.result;
    exports com.mysql.cj.jdbc.util;
    exports com.mysql.cj.log;
    exports com.mysql.cj.otel;
    exports com.mysql.cj.protocol;
    exports com.mysql.cj.protocol.a;
    exports com.mysql.cj.protocol.a.authentication;
    exports com.mysql.cj.protocol.a.result;
    exports com.mysql.cj.protocol.result;
    exports com.mysql.cj.protocol.x;
    exports com.mysql.cj.result;
    exports com.mysql.cj.sasl;
    exports com.mysql.cj.telemetry;
    exports com.mysql.cj.util;
    exports com.mysql.cj.x.protobuf;
    exports com.mysql.cj.xdevapi;
    exports com.mysql.jdbc;

    provides java.sql.Driver with com.mysql.cj.jdbc.Driver;
}
