# syntax=docker/dockerfile:1.7
ARG BASE_TAG=latest
FROM ubuntu:${BASE_TAG} AS build
MAINTAINER Someone <someone@example.com>
ENV DB_PASSWORD=hunter2 PASSWORD_FILE=/run/secrets/db
ARG GITHUB_TOKEN=ghp_example_not_real
RUN apt-get update && apt-get install -y curl sudo openssh-server
RUN curl -fsSL https://example.com/install.sh | sh
RUN cd /opt && sudo make install
ADD https://example.com/tool.tar.gz /opt/
ADD config.json /etc/app/
COPY id_rsa /root/.ssh/id_rsa
RUN rm /root/.ssh/id_rsa
RUN chmod 777 /srv && chmod u+s /usr/local/bin/helper && chmod 1777 /scratch
RUN pip install requests && apk add --update git
EXPOSE 22 8080
CMD ["first"]
CMD ["second"]
USER root

FROM build
RUN <<EOF
set -e
wget -qO- https://example.com/x.sh | bash
EOF

HEALTHCHECK NONE
