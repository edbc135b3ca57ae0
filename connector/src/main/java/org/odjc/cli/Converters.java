package org.odjc.cli;

import org.odjc.domain.ComputerName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.IpAddress;
import org.odjc.domain.NetbiosDomainName;
import org.odjc.domain.Sid;
import org.odjc.domain.SiteName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;

/**
 * Option types parse with their own {@code parse}, so a bad value fails with that value's code
 * (reported as a usage error, exit 2).
 */
final class Converters {
    private Converters() {
    }

    static void register(CommandLine cli) {
        cli.registerConverter(Sid.class, Sid::parse);
        cli.registerConverter(Guid.class, Guid::parse);
        cli.registerConverter(DomainDnsName.class, DomainDnsName::parse);
        cli.registerConverter(NetbiosDomainName.class, NetbiosDomainName::parse);
        cli.registerConverter(ComputerName.class, ComputerName::parse);
        cli.registerConverter(SiteName.class, SiteName::parse);
        cli.registerConverter(IpAddress.class, IpAddress::parse);
    }

    /** An unsigned 32-bit number, decimal or {@code 0x} hexadecimal. */
    static final class Ulong32 implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) throws ConnectorException {
            try {
                long v = value.startsWith("0x") || value.startsWith("0X")
                        ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
                if (v < 0 || v > 0xFFFF_FFFFL) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new ConnectorException(FailureCode.INPUT_BAD_NUMBER,
                        "'" + value + "' is not an unsigned 32-bit number");
            }
        }
    }
}
